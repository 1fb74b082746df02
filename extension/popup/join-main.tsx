/** The join page's entry (an extension tab, opened from the popup's "no vault" screen). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { JoinPage } from './screens/JoinPage';
import './popup.css';
import './styles/join.css';

const root = document.getElementById('root');
if (root === null) throw new Error('page root element missing');
createRoot(root).render(
  <StrictMode>
    <JoinPage />
  </StrictMode>,
);
