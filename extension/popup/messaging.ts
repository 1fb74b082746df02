/**
 * The popup's typed sender over chrome.runtime messaging (webextension-polyfill).
 */
import browser from 'webextension-polyfill';
import { messageMap } from '../../shared/protocol/messages';
import { createSender } from '../../shared/protocol/send';

export const send = createSender(messageMap, (envelope) => browser.runtime.sendMessage(envelope));
