// The filter form of a list the server filters (sightings, the audit
// log): a labelled input per field (id PREFIX-NAME, name NAME), one
// button; onApply gets every field's value by name.
import { Field, submitted } from '../ui';

export interface FilterField {
  name: string;
  label: string;
  type?: 'text' | 'datetime-local';
  value?: string;
  describedBy?: string;
}

export function FilterForm(props: { prefix: string; label: string; button: string; fields: FilterField[]; onApply: (v: Record<string, string>) => void }) {
  const apply = submitted((f) => props.onApply(Object.fromEntries(props.fields.map((x) => [x.name, String(f.get(x.name) ?? '')]))));
  return (
    <form class="filters" onSubmit={apply} aria-label={props.label}>
      {props.fields.map((x) => {
        const id = `${props.prefix}-${x.name}`;
        return (
          <Field key={x.name} id={id} label={x.label}>
            <input id={id} name={x.name} type={(x.type ?? 'text') as 'text'} defaultValue={x.value ?? ''} aria-describedby={x.describedBy} />
          </Field>
        );
      })}
      <p><button type="submit">{props.button}</button></p>
    </form>
  );
}
