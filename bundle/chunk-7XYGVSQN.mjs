import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{a}from"./chunk-5A42G2H4.mjs";import"./chunk-Q74L3DB3.mjs";import"./chunk-K6VJBXCI.mjs";import"./chunk-NLTL7J6B.mjs";import"./chunk-5IN3EMD7.mjs";import"./chunk-QFEHFAVS.mjs";import"./chunk-TP2M3CAD.mjs";import"./chunk-6KPKVMY4.mjs";export{a as parseArtifact};
