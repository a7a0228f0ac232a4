// The package for the server and the tests: everything, both languages.
export * from './core.js';
import './en.js';
