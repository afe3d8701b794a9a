#!/usr/bin/env node
import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{b as n}from"./chunk-IO2UE6FT.mjs";import"./chunk-EI3PNUAS.mjs";import"./chunk-AT2TLGQG.mjs";import"./chunk-W3QUL5NI.mjs";import"./chunk-ETEC5PNX.mjs";import"./chunk-WFRJMHPN.mjs";import"./chunk-5IN3EMD7.mjs";import"./chunk-QFEHFAVS.mjs";import"./chunk-TP2M3CAD.mjs";import"./chunk-6KPKVMY4.mjs";n();
