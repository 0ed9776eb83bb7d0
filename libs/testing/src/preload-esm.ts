// Jest evaluates a CommonJS module as soon as an ES module imports it, before that ES module's other imports
// have run. CommonJS packages that require() Nest's ES modules (nestjs-pino) would then see them
// half-loaded, which Jest reports as a require(esm) cycle. Loading Nest's core first avoids it.
import '@nestjs/common';
import '@nestjs/core';
