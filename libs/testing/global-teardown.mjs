// Stops the containers global setup started, if any.
export default async function globalTeardown() {
  await Promise.all((globalThis.__shotcallerContainers ?? []).map((container) => container.stop()));
}
