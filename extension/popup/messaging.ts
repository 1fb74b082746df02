/**
 * The popup's typed sender over chrome.runtime messaging (webextension-polyfill).
 */
import browser from 'webextension-polyfill';
import { createSender } from '../../shared/protocol/send';

export const send = createSender((envelope) => browser.runtime.sendMessage(envelope));
