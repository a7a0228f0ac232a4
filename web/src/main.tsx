import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, firstPageChunks } from './App.js';
import { preload } from './components/lazyNamed.js';
import { loadCatalogue } from './i18n/catalogues.js';
import { storedLocale } from './i18n/I18nProvider.js';
import './global.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
/** On a slow network the page renders after this long anyway, with its loading spinner. */
const PRELOAD_WAIT_MS = 1000;

// The first page's chunks and the stored language's phrases before the first render: rendered at
// once, with no fallback to show and take back (components/lazyNamed.ts), in its language. A chunk that fails to load, or is still loading after
// PRELOAD_WAIT_MS, is left to the page's own lazy load, which shows the spinner or the error as
// before (the browser fetches a module once, whoever asks for it).
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
void Promise.race([
  Promise.all([preload(firstPageChunks(window.location.pathname)), loadCatalogue(storedLocale())]).catch(
    () => undefined,
  ),
  new Promise((waited) => setTimeout(waited, PRELOAD_WAIT_MS)),
]).then(render);
