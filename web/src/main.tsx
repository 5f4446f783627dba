import { render } from 'preact';
import { App } from './app';
import { setLocale } from './i18n/t';
import './styles.css';

setLocale(navigator.language);
const container = document.getElementById('app');
if (container !== null) render(<App />, container);
