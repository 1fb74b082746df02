/** The backups page's entry (an extension tab, opened from the popup's settings). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BackupsPage } from './screens/BackupsPage';
import './popup.css';

const root = document.getElementById('root');
if (root === null) throw new Error('page root element missing');
createRoot(root).render(
  <StrictMode>
    <BackupsPage />
  </StrictMode>,
);
