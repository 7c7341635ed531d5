// The bundled fonts, each subset with its unicode-range, then the app's styles.
import './fonts.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { findBridge } from './api.js';
import { App } from './App.js';
import { BridgeMissing } from './screens/BridgeMissing.js';
import { createAirlockStore } from './store.js';
import { StoreContext } from './store-context.js';

// Composition root: the only place that reads the bridge and creates the store.
const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root');
const root = createRoot(container);

const api = findBridge();
if (api === null) {
  root.render(
    <StrictMode>
      <BridgeMissing />
    </StrictMode>,
  );
} else {
  const store = createAirlockStore(api);
  store.getState().start();
  root.render(
    <StrictMode>
      <StoreContext value={store}>
        <App />
      </StoreContext>
    </StrictMode>,
  );
}
