/**
 * Support code of the mutation profile only (cli/mutation.ts): the step timeout `run` gives every
 * step and hook without one of its own (--step-timeout), which cucumber's default (5 s) is not.
 */
import { setDefaultTimeout } from '@cucumber/cucumber';
import { DEFAULT_STEP_TIMEOUT_MS } from './args';

setDefaultTimeout(DEFAULT_STEP_TIMEOUT_MS);
