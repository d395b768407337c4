import { describe, it, expect } from 'vitest';
import * as cheerio from 'cheerio';
describe('toolchain', () => { it('runs', () => { expect(cheerio.load('<p>x</p>')('p').text()).toBe('x'); }); });
