/**
 * The content script (isolated world): finds login forms in its frame and tells the background.
 * It never holds keys or items of other sites; it only talks through the typed message map.
 */
import browser from 'webextension-polyfill';
import { contentMessages } from '../../shared/protocol/content-messages';
import { createSender } from '../../shared/protocol/send';

const send = createSender(contentMessages, (envelope) => browser.runtime.sendMessage(envelope));

function countLoginForms(root: ParentNode): number {
  return root.querySelectorAll('input[type="password"]').length;
}

const loginForms = countLoginForms(document);
if (loginForms > 0) {
  send('fill/frame-ready', { loginForms }).catch(() => {
    // The background may be restarting; the next page load asks again.
  });
}
