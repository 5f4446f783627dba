import { render } from 'preact';
import { App } from './app';
import { readLanguagePreference } from './i18n/language-preference';
import { setLocale } from './i18n/t';
import './styles.css';

setLocale(readLanguagePreference(globalThis.localStorage, navigator.languages ?? [navigator.language]));
const container = document.getElementById('app');
if (container !== null) render(<App />, container);
