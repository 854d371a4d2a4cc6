import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

const root = document.getElementById('root');
if (root === null) throw new Error('counter page has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
