/** The field components render label, hint and error beside the field, tied together by ids. */
import { renderToString } from 'preact-render-to-string';
import { Checkboxes, DateInput, ErrorSummary, Radios, Select, Textarea, TextInput } from '../../ui/components';

const html = (node: Parameters<typeof renderToString>[0]) => renderToString(node);

describe('form components', () => {
  it('tie hint and error to a text field and mark it invalid', () => {
    const out = html(
      <TextInput
        id="email"
        name="email"
        label="Email"
        hint="We send the notice here"
        error="Enter an email address"
        required
      />,
    );
    expect(out).toContain('<label class="usa-label usa-label--error" for="email">Email</label>');
    expect(out).toContain('id="email-hint"');
    expect(out).toContain('id="email-error"');
    expect(out).toMatch(/<input[^>]*aria-describedby="email-hint email-error"[^>]*aria-invalid="true"/);
    expect(html(<TextInput id="n" name="n" label="Name" />)).toContain('(optional)');
  });

  it('escape what people typed', () => {
    const out = html(<Textarea id="note" name="note" label="Note" value={'</textarea><script>alert(1)</script>'} />);
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;/textarea>&lt;script>');
  });

  it('select, radios and checkboxes keep the chosen values; grouped inputs sit under a legend', () => {
    const options = [
      { value: 'a', label: 'Alpha' },
      { value: 'b', label: 'Beta' },
    ];
    expect(html(<Select id="s" name="s" label="Pick" options={options} value="b" />)).toMatch(
      /<option value="b" selected>Beta<\/option>/,
    );
    const radios = html(<Radios id="r" name="r" label="One" options={options} value="a" error="Choose one" />);
    expect(radios).toMatch(/<fieldset class="usa-fieldset" id="r" aria-describedby="r-error">/);
    expect(radios).toMatch(/<legend class="usa-legend">One/);
    expect(radios).toMatch(/id="r-0" type="radio" name="r" value="a" checked/);
    const boxes = html(<Checkboxes id="c" name="c" label="Many" options={options} values={['b']} />);
    expect(boxes).toMatch(/id="c-1" type="checkbox" name="c" value="b" checked/);
    expect(boxes).not.toMatch(/value="a" checked/);
    const date = html(<DateInput id="due" name="due" label="Due date" value={{ day: '7' }} />);
    expect(date).toMatch(/name="due-day"[^>]*value="7"/);
    expect(date).toContain('name="due-year"');
  });

  it('the error summary links to each field and takes focus on load', () => {
    const out = html(<ErrorSummary errors={[{ field: 'email', message: 'Enter an email address' }]} />);
    expect(out).toMatch(/id="error-summary" tabindex="-1" autofocus/);
    expect(out).toContain('<a href="#email">Enter an email address</a>');
    expect(html(<ErrorSummary errors={[]} />)).toBe('');
  });
});
