import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { CharterStudio } from '../../charter/CharterStudio';
import '../popup/style.css';
import '../dashboard/style.css';
import './style.css';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <CharterStudio />
  </QueryClientProvider>,
);
