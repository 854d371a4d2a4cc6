import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { initI18n } from './i18n.js';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('counter page has no #root element');
await initI18n();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
