/**
 * What can be done to an item: Edit and Move to trash; in the trash, Restore and Delete forever,
 * which asks once more before it deletes.
 */
import { useState } from 'react';
import { useFocusOnMount } from '../hooks/useFocusOnMount';

interface ItemActionsProps {
  name: string;
  trashed: boolean;
  busy: boolean;
  onEdit: () => void;
  onTrash: () => void;
  onRestore: () => void;
  onDelete: () => void;
}

function ConfirmDelete({ name, onDelete, onCancel }: { name: string; onDelete: () => void; onCancel: () => void }) {
  const cancel = useFocusOnMount<HTMLButtonElement>();
  return (
    <div className="confirm" role="group" aria-labelledby="confirm-delete-text">
      <p id="confirm-delete-text">
        Delete “{name}” forever? This cannot be undone.
      </p>
      <div className="actions">
        <button type="button" className="danger" onClick={onDelete}>
          Yes, delete forever
        </button>
        <button type="button" ref={cancel} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function ItemActions(props: ItemActionsProps) {
  const [confirming, setConfirming] = useState(false);
  if (!props.trashed) {
    return (
      <div className="actions">
        <button type="button" className="primary" onClick={props.onEdit} disabled={props.busy}>
          Edit
        </button>
        <button type="button" onClick={props.onTrash} disabled={props.busy}>
          Move to trash
        </button>
      </div>
    );
  }
  if (confirming) return <ConfirmDelete name={props.name} onDelete={props.onDelete} onCancel={() => setConfirming(false)} />;
  return (
    <div className="actions">
      <button type="button" className="primary" onClick={props.onRestore} disabled={props.busy}>
        Restore
      </button>
      <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={props.busy}>
        Delete forever
      </button>
    </div>
  );
}
