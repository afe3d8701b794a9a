#!/usr/bin/env node
/**
 * The executable entry of the bundle (bundle/rfc-evidence.mjs). In a bundle, main.js's own "am
 * I the file node started" test may see the chunk it landed in rather than this file, so the
 * entry starts the CLI itself (runAsBin runs once however often it is called).
 */
import { runAsBin } from './main.js';

runAsBin();
