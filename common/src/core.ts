// Everything of the package but the English catalogues: the console's build resolves
// '@devplat/common' here (web/vite.config.ts) and loads '@devplat/common/en' with the language.
export * from './errors/index.js';
export * from './api.js';
export * from './password.js';
export * from './ui/index.js';
export * from './mask.js';
export * from './username.js';
export * from './certification.js';
export * from './apps.js';
export * from './limits.js';
// Phones (libphonenumber metadata) are a separate entry, '@devplat/common/phone': the console loads it lazily.
export * from './security-events.js';
