// Entry point VS Code loads as extensionTestsPath for the Restricted Mode suites: the same
// mocha runner as the integration suites, over the *.test.js files beside this one.
export { run } from '../integration/index';
