import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, firstPageChunks } from './App.js';
import { preload } from './components/lazyNamed.js';
import './global.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
// The first page's chunks before the first render: rendered at once, with no fallback to show
// and take back (components/lazyNamed.ts). A chunk that fails to load is left to the page's own
// lazy load, which shows the error as before.
void preload(firstPageChunks(window.location.pathname))
  .catch(() => undefined)
  .finally(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
