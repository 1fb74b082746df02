/**
 * The popup's entry: mounts the React app. The popup holds no keys; it talks to the background
 * through the typed message map only.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './popup.css';

const root = document.getElementById('root');
if (root === null) throw new Error('popup root element missing');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
