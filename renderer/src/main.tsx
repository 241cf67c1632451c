// Renderer entry: mounts the dashboard.
import { createRoot } from 'react-dom/client';

const root = document.getElementById('root');
if (root) createRoot(root).render(<p>Subflow</p>);
