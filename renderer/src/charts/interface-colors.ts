// The renderer's side of one-colour-per-interface: the slots come from the shared module beside
// the contract (the report uses the same), computed once per set of interface names in the
// snapshot so a tick with the same interfaces hands out the same function.
import { useMemo } from 'react';
import {
  interfaceColorSlots,
  interfaceColorVar,
  slotOf,
  UNKNOWN_INTERFACE_COLOR,
} from '../../../electron/interface-colors.js';
import { useSubflowStore } from '../store/store.js';

/** A CSS colour for an interface name; the muted colour when the interface is unknown. */
export type InterfaceColorOf = (name: string | null | undefined) => string;

/** `colorOf` for the interfaces named in `names` (any order, duplicates ignored). */
export function interfaceColorOf(names: Iterable<string>): InterfaceColorOf {
  const slots = interfaceColorSlots(names);
  return (name) =>
    name === null || name === undefined || name === ''
      ? UNKNOWN_INTERFACE_COLOR
      : interfaceColorVar(slotOf(name, slots));
}

/** The colour function for the interfaces of the snapshot on screen. */
export function useInterfaceColors(): InterfaceColorOf {
  // A string, so the selector's result compares equal between ticks with the same interfaces.
  const names = useSubflowStore((s) =>
    (s.snapshot?.interfaces ?? []).map((i) => i.name).join('\n'),
  );
  return useMemo(() => interfaceColorOf(names === '' ? [] : names.split('\n')), [names]);
}
