/** An error the Lambda API answers with: `x-amzn-errortype` + `{"Type","Message"}`. */
export class LambdaError extends Error {
  readonly type: string;
  readonly status: number;

  constructor(type: string, status: number, message: string) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

export function functionNotFound(arn: string): LambdaError {
  return new LambdaError("ResourceNotFoundException", 404, `Function not found: ${arn}`);
}

export function resourceNotFound(message: string): LambdaError {
  return new LambdaError("ResourceNotFoundException", 404, message);
}

export function conflict(message: string): LambdaError {
  return new LambdaError("ResourceConflictException", 409, message);
}

export function invalidParameter(message: string): LambdaError {
  return new LambdaError("InvalidParameterValueException", 400, message);
}

export function preconditionFailed(message: string): LambdaError {
  return new LambdaError("PreconditionFailedException", 412, message);
}
