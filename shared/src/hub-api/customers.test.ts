import { describe, expect, it } from 'vitest';
import { classifyCustomerQuery } from './customers.js';

describe('a typed customer query', () => {
  it('reads an ISMAIL ID with look-alikes, spaces and lower case as the canonical ID', () => {
    for (const typed of ['CI250101-AB12-CL', 'ci250101-ab12-cl', 'CI25O1O1 AB12 CL', ' ci25Ol0l-abI2-cl '])
      expect(classifyCustomerQuery(typed), typed).toEqual({ by: 'ismail-id', value: 'CI250101-AB12-CL' });
  });

  it('keeps a phone number’s digits and leading + for the cloud to read', () => {
    expect(classifyCustomerQuery('07 07 07 07 07')).toEqual({ by: 'phone', value: '0707070707' });
    expect(classifyCustomerQuery('+225 07.07.07.07.07')).toEqual({ by: 'phone', value: '+2250707070707' });
    expect(classifyCustomerQuery('00225 (07) 07-07-07-07')).toEqual({ by: 'phone', value: '002250707070707' });
  });

  it('refuses a name, a prefix, a wildcard and an empty or over-long query', () => {
    for (const typed of ['', '   ', 'Ibrahim', 'CI250101', '0707*', '%', '0'.repeat(41), '1234567'])
      expect(classifyCustomerQuery(typed).by, typed).toBe('invalid');
  });
});
