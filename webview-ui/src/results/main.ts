// The results view's entry (browser): dist/webview/results.js, separate from the playground bundle.
import { connectResultsPage } from '../host/vscodeApi';
import { ResultsClient, startResultsPage } from './resultsPage';

startResultsPage(document, new ResultsClient(connectResultsPage(window)));
document.body.dataset.promptyard = 'ready';
