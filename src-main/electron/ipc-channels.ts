// The two IPC channels between the preload and main. Every other channel is refused by omission: main
// registers no handler for it and the preload exposes no way to send on it.
export const callChannel = 'vouch:call';
export const eventChannel = 'vouch:event';
