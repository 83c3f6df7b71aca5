import { InvalidPropsError } from "../../src/constructs/props-check";

/** The InvalidPropsError a construction throws; the test fails here if the props are accepted, or another error is thrown. */
export function propsError(construct: () => unknown): InvalidPropsError {
  try {
    construct();
  } catch (error) {
    if (error instanceof InvalidPropsError) return error;
    throw error;
  }
  throw new Error("the props were accepted");
}
