import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{a}from"./chunk-TDGEW2Z4.mjs";import"./chunk-JGJGM7X2.mjs";import"./chunk-25FOON7Z.mjs";import"./chunk-LUDY5MGM.mjs";import"./chunk-5IN3EMD7.mjs";import"./chunk-QFEHFAVS.mjs";import"./chunk-TP2M3CAD.mjs";import"./chunk-6KPKVMY4.mjs";export{a as parseArtifact};
