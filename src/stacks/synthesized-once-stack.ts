import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, type IStackSynthesizer, type ISynthesisSession } from "cdktf";
import { sortedKeys, stackJsonText } from "./engine-json";

type Json = Record<string, unknown>;

/** Where a stack is in its synthesis: the engine validates it, then writes it. */
interface Synthesis {
  phase: "aspects" | "validating" | "validated";
  /** The Terraform JSON, computed once: what the validations (the policy) judged and what is written. */
  json?: Json;
  /** Whether the engine asked for the JSON to write it (it writes the HCL form without asking). */
  engineWrites: boolean;
}

/**
 * Thrown by a stack when the engine asks for its JSON to write it: that write is the last step of
 * both engines' synthesize (cdktf 0.21, CDK Terrain 0.24), and the wrapping synthesizer writes the
 * JSON itself, once, instead. Writing a file and then truncating and rewriting it costs a second
 * open, and the file system may flush the replaced file on close. One instance, made once:
 * throwing it captures no stack trace.
 */
const ENGINE_WRITE = new Error("email-assets-domain: the engine's write of a stack's JSON, done by the stack's synthesizer");

/** Receives each stack's Terraform JSON, keys sorted, as it is written (synth's modules and state warnings use it). */
const listeners = new WeakMap<TerraformStack, (json: Readonly<Json>) => void>();

/** Stacks synth built from plans alone, which reference no other stack (see SynthesizedOnceStack.prepareStack). */
const selfContained = new WeakSet<TerraformStack>();

/**
 * Marks a stack that holds only what synth built from its plan: its resources reference only each
 * other, never another stack's. Not for a stack a user's own code may add to.
 */
export function markSelfContained(stack: SynthesizedOnceStack): void {
  selfContained.add(stack);
}

/**
 * Whether the engine's prepareStack resolves the stack only to find cross-stack references, as
 * cdktf 0.21's does (its resolve's `preparing` flag is read by references alone). CDK Terrain's
 * also discovers the functions and provider features its validations check, so it always runs.
 */
function preparingOnlyFindsCrossStackReferences(): boolean {
  return typeof (TerraformStack.prototype as { _runPreparingResolve?: unknown })._runPreparingResolve !== "function";
}

/** Calls `listener` with the stack's Terraform JSON once synth has written it. */
export function onStackWritten(stack: SynthesizedOnceStack, listener: (json: Readonly<Json>) => void): void {
  listeners.set(stack, listener);
}

/**
 * Wraps the engine's synthesizer: it runs every step as the engine does (Aspects, validations,
 * annotations) up to its write of the stack's JSON, and then writes that JSON itself, once, in the
 * project's own layout (stackJsonText).
 */
class OwnLayoutSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly stack: SynthesizedOnceStack,
    private readonly engine: IStackSynthesizer,
  ) {}

  synthesize(session: ISynthesisSession): void {
    const synthesis = this.stack.beginSynthesis();
    try {
      try {
        this.engine.synthesize(session);
      } catch (error) {
        if (error !== ENGINE_WRITE) throw error;
      }
      if (!synthesis.engineWrites) return;
      const json = sortedKeys(synthesis.json ?? this.stack.terraformJson()) as Json;
      const path = join(session.outdir, session.manifest.forStack(this.stack).synthesizedStackPath);
      writeFileSync(path, stackJsonText(json));
      listeners.get(this.stack)?.(json);
    } finally {
      this.stack.endSynthesis();
    }
  }
}

/**
 * A stack whose Terraform JSON is computed once per synth. Resolving every token of a stack is most
 * of a synth's cost, and the engine computes the JSON whenever it is asked: the policy (a validation)
 * asked for it, then the engine again to write it, and the file was read back to lay it out. Here the
 * JSON computed while the validations run is the one they judge and the one written, so nothing
 * written can differ from what was judged, and it is written in one layout whatever the engine (cdktf
 * and CDK Terrain lay out an empty `{}` or `[]` differently): when the engine, its validations done,
 * asks for the JSON to write it, the stack ends the engine's synthesize there (ENGINE_WRITE) and the
 * wrapping synthesizer writes the file.
 * Outside a synth (Testing.synth, a user calling toTerraform) nothing changes.
 */
export class SynthesizedOnceStack extends TerraformStack {
  private synthesis?: Synthesis;

  constructor(scope: ConstructorParameters<typeof TerraformStack>[0], id: string) {
    super(scope, id);
    this.synthesizer = new OwnLayoutSynthesizer(this, this.synthesizer);
  }

  /** @internal */
  public beginSynthesis(): Synthesis {
    this.synthesis = { phase: "aspects", engineWrites: false };
    return this.synthesis;
  }

  /** @internal */
  public endSynthesis(): void {
    this.synthesis = undefined;
  }

  /**
   * cdktf resolves every stack once before synthesizing any ("a preparing resolve run might add
   * new resources to the stack, e.g. for cross stack references"), as much work as computing the
   * JSON. A self-contained stack (markSelfContained) has no cross-stack reference to find, so under
   * cdktf 0.21 it only gets its backend, the other half of prepareStack.
   */
  public override prepareStack(): void {
    if (!selfContained.has(this) || !preparingOnlyFindsCrossStackReferences()) return super.prepareStack();
    this.ensureBackendExists();
  }

  /** The Terraform JSON as the engine computes it. */
  public terraformJson(): Json {
    return super.toTerraform() as Json;
  }

  public override runAllValidations(): void {
    const synthesis = this.synthesis;
    if (synthesis === undefined) return super.runAllValidations();
    synthesis.phase = "validating";
    super.runAllValidations();
    synthesis.phase = "validated";
  }

  public override toTerraform(): Json {
    const synthesis = this.synthesis;
    switch (synthesis?.phase) {
      case "validating":
        synthesis.json ??= this.terraformJson();
        return synthesis.json;
      case "validated":
        // The engine's write: the stack's own synthesizer writes the JSON instead.
        synthesis.engineWrites = true;
        throw ENGINE_WRITE;
      default:
        return this.terraformJson();
    }
  }
}
