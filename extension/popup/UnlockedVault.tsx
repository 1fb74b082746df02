/**
 * Navigation inside the unlocked vault: the search list, one item, the add/edit form and settings.
 * The search text and filter survive opening an item and coming back; each screen takes focus
 * when it appears.
 */
import { useState } from 'react';
import type { ItemSummaryView } from '../../shared/protocol/items';
import type { Scope } from './hooks/useItemSearch';
import { ItemFormScreen } from './screens/ItemFormScreen';
import { ItemScreen } from './screens/ItemScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { VaultScreen } from './screens/VaultScreen';
import { SecurityCenterScreen } from './screens/SecurityCenterScreen';
import { ServerDataScreen } from './screens/ServerDataScreen';

export type Route =
  | { screen: 'list'; notice?: string }
  | { screen: 'item'; id: string; summary?: ItemSummaryView }
  | { screen: 'form'; id?: string; summary?: ItemSummaryView }
  | { screen: 'settings'; section?: 'devices' }
  | { screen: 'security' }
  | { screen: 'server-data' };

/** A notification opens the popup page at `#security`: start in the security center. */
const firstRoute = (): Route => (location.hash === '#security' ? { screen: 'security' } : { screen: 'list' });

export function UnlockedVault() {
  const [route, setRoute] = useState<Route>(firstRoute);
  const [query, setQuery] = useState('');
  const [scope, setScope] = useState<Scope>('all');
  const toList = (notice?: string) => setRoute({ screen: 'list', ...(notice === undefined ? {} : { notice }) });

  switch (route.screen) {
    case 'list':
      return (
        <VaultScreen
          query={query}
          onQuery={setQuery}
          scope={scope}
          onScope={setScope}
          notice={route.notice}
          onOpen={(summary) => setRoute({ screen: 'item', id: summary.id, summary })}
          onAdd={() => setRoute({ screen: 'form' })}
          onSettings={() => setRoute({ screen: 'settings' })}
          onSecurity={() => setRoute({ screen: 'security' })}
        />
      );
    case 'item':
      return (
        <ItemScreen
          id={route.id}
          summary={route.summary}
          onBack={toList}
          onEdit={() => setRoute({ screen: 'form', id: route.id, summary: route.summary })}
        />
      );
    case 'form':
      return (
        <ItemFormScreen
          id={route.id}
          onCancel={() => (route.id === undefined ? toList() : setRoute({ screen: 'item', id: route.id, summary: route.summary }))}
          onSaved={(id) => (route.id === undefined ? toList('Item saved.') : setRoute({ screen: 'item', id }))}
        />
      );
    case 'settings':
      return <SettingsScreen onBack={() => toList()} section={route.section} onSecurity={() => setRoute({ screen: 'security' })} />;
    case 'security':
      return (
        <SecurityCenterScreen
          onBack={() => toList()}
          onDevices={() => setRoute({ screen: 'settings', section: 'devices' })}
          onServerData={() => setRoute({ screen: 'server-data' })}
        />
      );
    case 'server-data':
      return <ServerDataScreen onBack={() => setRoute({ screen: 'security' })} />;
  }
}
