import { addErrorCatalogue } from './errors/index.js';
import { en as errors } from './errors/en.js';
import { addUiCatalogue } from './ui/index.js';
import { en as ui } from './ui/en.js';

/**
 * The English catalogues, registered on import: the package's main entry imports this module (the
 * server has both languages); the console imports it when English is chosen (web/src/i18n).
 */
addUiCatalogue('en', ui);
addErrorCatalogue('en', errors);
