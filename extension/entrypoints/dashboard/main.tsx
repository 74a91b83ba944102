import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { Dashboard } from '../../dashboard/Dashboard';
import '../popup/style.css';
// The packet a drill-down opens is the sidebar's own UI, in its own styles (all under .hs).
import '../sidebar-ui/style.css';
import './style.css';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <Dashboard />
  </QueryClientProvider>,
);
