import { createRoot } from 'react-dom/client';
import { OptionsPage } from './OptionsPage';
import './style.css';

createRoot(document.getElementById('root')!).render(<OptionsPage />);
