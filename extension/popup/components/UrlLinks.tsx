/**
 * A login's websites. Only http(s) addresses become links, opened in a new tab without an opener
 * or referrer; anything else is shown as plain text.
 */
import type { Item } from '../../../shared/protocol/messages';

type LoginItemUrl = Extract<Item, { type: 'login' }>['urls'][number];

const MATCH_WORDS: Readonly<Record<string, string>> = { origin: 'same site', domain: 'any subdomain', exact: 'exact address', never: 'never filled' };

function isWeb(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

export function UrlLinks({ urls, onCopy }: { urls: readonly LoginItemUrl[]; onCopy: (url: string) => void }) {
  if (urls.length === 0) return null;
  return (
    <div className="view-row">
      <dt>{urls.length === 1 ? 'Website' : 'Websites'}</dt>
      <dd>
        <ul className="plain">
          {urls.map((u, i) => (
            <li key={`${i}-${u.url}`}>
              {isWeb(u.url) ? (
                <a href={u.url} target="_blank" rel="noopener noreferrer">
                  {u.url}
                </a>
              ) : (
                <span className="value">{u.url}</span>
              )}{' '}
              <span className="muted small">({MATCH_WORDS[u.match] ?? u.match})</span>
              <button type="button" className="small" aria-label={`Copy website ${urls.length === 1 ? '' : i + 1}`.trim()} onClick={() => onCopy(u.url)}>
                Copy
              </button>
            </li>
          ))}
        </ul>
      </dd>
    </div>
  );
}
