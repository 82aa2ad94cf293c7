export { Badge, type BadgeProps, type BadgeTone } from "./badge";
export { Button, buttonClassName, type ButtonProps, type ButtonSize, type ButtonVariant } from "./button";
export { ConfirmDialog } from "./confirm-dialog";
export { Dialog, type DialogProps, type DialogSize } from "./dialog";
export { EmptyState, type EmptyStateProps } from "./empty-state";
export { Input, type InputProps } from "./input";
export { LockIcon } from "./lock-icon";
export { Spinner } from "./spinner";
export {
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  type SortDirection,
  type TableProps,
  type ThProps,
  type TrProps,
} from "./table";
export { ToastProvider, useToast, type ToastOptions, type ToastTone } from "./toast";
