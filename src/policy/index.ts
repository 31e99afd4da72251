/**
 * The policy layer's public face: pure functions, patient facts in, determinations out.
 * No I/O, no clock, no HTTP: everything arrives as arguments.
 */
export * from './determination.js';
