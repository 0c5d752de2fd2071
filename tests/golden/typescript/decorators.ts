@Component({ selector: "app" })
export class Widget {
  @Input() label = "";

  @HostListener("click")
  @Log
  onClick(event: Event): void {}

  @Output() changed = (value: string) => value;

  constructor(@Inject(TOKEN) private readonly svc: Service) {}
}

@Injectable()
class Plain {}

export @Sealed class AfterExport {}
