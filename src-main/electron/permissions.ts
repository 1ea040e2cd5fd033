// The renderer needs no browser permission (camera, notifications, clipboard reads, geolocation, devices,
// opening external protocols...): every request and every check is denied, and logged so a denial that
// breaks a feature is visible rather than silent.
import type { Session } from 'electron';

export function denyAllPermissions(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >,
  log: (line: string) => void,
): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`denied the permission request "${permission}"`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
