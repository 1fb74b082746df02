/**
 * The offscreen document (reason CLIPBOARD): on the background's request, overwrites the clipboard
 * with an empty string. It holds nothing else and answers nothing but its own message.
 */
chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  if (typeof message !== 'object' || message === null || !('target' in message) || message.target !== 'offscreen') return false;
  const scratch = document.getElementById('scratch') as HTMLTextAreaElement;
  scratch.value = ' ';
  scratch.select();
  document.execCommand('copy');
  scratch.value = '';
  sendResponse({ ok: true });
  return false;
});
