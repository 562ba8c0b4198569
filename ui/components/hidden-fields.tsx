/** Carries answers through a confirmation step as hidden inputs (checked again when posted). */
export function HiddenFields({ values }: { values: Readonly<Record<string, string | readonly string[]>> }) {
  const inputs: [string, string][] = [];
  for (const [name, value] of Object.entries(values)) {
    for (const one of typeof value === 'string' ? [value] : value) inputs.push([name, one]);
  }
  return (
    <>
      {inputs.map(([name, value], index) => (
        <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}
