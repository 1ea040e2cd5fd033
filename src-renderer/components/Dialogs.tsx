// Renders the open dialogs, bottom of the stack first so the newest is on top.
import { useDialogs, type Dialog } from '../state/dialogs.ts';
import { GuideDrawer } from './GuideDrawer.tsx';
import { RemoveSourceModal } from './RemoveSourceModal.tsx';
import { SourceErrorDrawer } from './SourceErrorDrawer.tsx';
import { UpdateCredentialsModal } from './UpdateCredentialsModal.tsx';

function render(dialog: Dialog, onClose: () => void, key: number) {
  // Each dialog above the one it was opened from, overlay included.
  const zIndex = 300 + key * 10;
  switch (dialog.type) {
    case 'source-error':
      return <SourceErrorDrawer key={key} name={dialog.source} opened onClose={onClose} zIndex={zIndex} />;
    case 'update-credentials':
      return (
        <UpdateCredentialsModal key={key} name={dialog.source} opened onClose={onClose} zIndex={zIndex} />
      );
    case 'remove-source':
      return <RemoveSourceModal key={key} name={dialog.source} opened onClose={onClose} zIndex={zIndex} />;
    case 'guide':
      return <GuideDrawer key={key} kind={dialog.kind} opened onClose={onClose} zIndex={zIndex} />;
  }
}

export function Dialogs() {
  const stack = useDialogs((s) => s.stack);
  const close = useDialogs((s) => s.close);
  return <>{stack.map((dialog, index) => render(dialog, close, index))}</>;
}
