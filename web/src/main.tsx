import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, firstPageChunks } from './App.js';
import { preload } from './components/lazyNamed.js';
import './global.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
/** On a slow network the page renders after this long anyway, with its loading spinner. */
const PRELOAD_WAIT_MS = 1000;

// The first page's chunks before the first render: rendered at once, with no fallback to show
// and take back (components/lazyNamed.ts). A chunk that fails to load, or is still loading after
// PRELOAD_WAIT_MS, is left to the page's own lazy load, which shows the spinner or the error as
// before (the browser fetches a module once, whoever asks for it).
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
void Promise.race([
  preload(firstPageChunks(window.location.pathname)).catch(() => undefined),
  new Promise((waited) => setTimeout(waited, PRELOAD_WAIT_MS)),
]).then(render);
