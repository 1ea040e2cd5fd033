// Delivers an exported file: in browser mode the engine hands back a one-time download URL, on the desktop
// the shell has already saved the file where the user chose.
import { notify } from './notices.ts';

export interface ExportedFile {
  fileName: string;
  downloadUrl: string | null;
  savedTo: string | null;
}

export function deliverFile(file: ExportedFile): void {
  if (file.downloadUrl) {
    const link = document.createElement('a');
    link.href = file.downloadUrl;
    link.download = file.fileName;
    link.rel = 'noopener';
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
    notify({ tone: 'success', title: 'Export ready', message: `Downloading ${file.fileName}.` });
  } else if (file.savedTo) {
    notify({ tone: 'success', title: 'Export saved', message: file.savedTo });
  } else {
    notify({ tone: 'info', title: 'Export cancelled' });
  }
}
