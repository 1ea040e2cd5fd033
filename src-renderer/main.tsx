// Renderer entry: pick the transport for this shell, wire live updates, render the app.
import '@mantine/core/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { setTransport } from './state/api-client.ts';
import { connectLiveUpdates } from './state/live-updates.ts';
import { selectTransport } from './transport/select-transport.ts';

const transport = selectTransport();
setTransport(transport);
connectLiveUpdates(transport);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
