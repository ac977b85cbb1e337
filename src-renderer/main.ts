import { mount } from 'svelte';
import './styles/theme.css';
import './styles/base.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');
export default mount(App, { target });
