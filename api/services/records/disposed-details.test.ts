import { DISPOSED_MARKER, redactDisposedDetails } from './disposed-details';

describe('audit details of a disposed case', () => {
  it('hides personal values at any depth and keeps the rest', () => {
    const details = {
      step: 'intake',
      action: 'submit',
      data: { residentName: 'Ana', category: 'bulky-items', nested: [{ address: '1 Main St' }] },
      text: 'call Ana back',
    };
    expect(redactDisposedDetails(details, new Set(['residentName', 'address']))).toEqual({
      step: 'intake',
      action: 'submit',
      data: { residentName: DISPOSED_MARKER, category: 'bulky-items', nested: [{ address: DISPOSED_MARKER }] },
      text: DISPOSED_MARKER,
    });
  });
});
