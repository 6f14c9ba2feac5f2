package io.paxsim.testbed.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.lang.ArchRule;
import io.paxsim.sim.HashIterationSafe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The determinism guards, as named ArchUnit rules over a set of packages: simulated code must
 * take time, randomness, concurrency, I/O and iteration order only from the runtime.
 *
 * <p>Hash iteration: bytecode does not say which collection a {@code Map}-typed variable holds
 * or whether its keys hash stably, so the rule bans the sources of hash order instead: creating
 * a {@code HashMap}/{@code HashSet} (and kin), {@code Set.of}/{@code Map.of}/{@code copyOf}
 * (iteration order salted per JVM) and the {@code Collectors} that build hash collections. A
 * class (or a class nested in one) annotated {@link HashIterationSafe} with a reason may use
 * them; everyone else takes {@code TreeMap}, {@code LinkedHashMap}, {@code EnumMap} or a list.
 */
final class DeterminismRules {
    private static final Set<String> TRANSCENDENTAL = Set.of("log", "log10", "log1p", "exp", "expm1", "pow",
            "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "hypot", "cbrt");
    private static final Set<String> CLOCK_READS = Set.of("currentTimeMillis", "nanoTime");
    private static final Set<String> HASH_COLLECTIONS = Set.of("java.util.HashMap", "java.util.HashSet",
            "java.util.Hashtable", "java.util.WeakHashMap", "java.util.IdentityHashMap",
            "java.util.concurrent.ConcurrentHashMap");
    private static final Set<String> HASH_COLLECTORS = Set.of("toSet", "toMap", "groupingBy", "toUnmodifiableSet",
            "toUnmodifiableMap", "partitioningBy", "toConcurrentMap", "groupingByConcurrent");
    private static final Set<String> SALTED_FACTORIES = Set.of("of", "ofEntries", "copyOf");
    private static final Set<String> IO_MEMORY_ONLY = Set.of("java.io.Serializable", "java.io.IOException",
            "java.io.UncheckedIOException", "java.io.ByteArrayInputStream", "java.io.ByteArrayOutputStream",
            "java.io.DataInputStream", "java.io.DataOutputStream", "java.io.InputStream", "java.io.OutputStream",
            "java.io.EOFException", "java.io.StringReader", "java.io.StringWriter", "java.io.Closeable",
            "java.io.DataInput", "java.io.DataOutput", "java.io.ObjectStreamException");

    private DeterminismRules() {
    }

    /** Every rule by its stable name, in a fixed order. */
    static Map<String, ArchRule> all(String... packages) {
        Map<String, ArchRule> rules = new LinkedHashMap<>();
        rules.put("no-wall-clock", noWallClock(packages));
        rules.put("no-unseeded-random", noUnseededRandom(packages));
        rules.put("no-threads", noThreads(packages));
        rules.put("no-identity-hash", noIdentityHash(packages));
        rules.put("no-real-io", noRealIo(packages));
        rules.put("no-transcendental-math", noTranscendentalMath(packages));
        rules.put("no-hash-order", noHashOrder(packages));
        return rules;
    }

    static ArchRule noWallClock(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().callMethodWhere(call("read the wall clock", access ->
                        owner(access).equals("java.lang.System") && CLOCK_READS.contains(access.getName())
                                || owner(access).startsWith("java.time.") && access.getName().equals("now")))
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.InstantSource")
                .because("simulated code reads time from its Context (its own simulated clock)");
    }

    static ArchRule noUnseededRandom(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().areAssignableTo(java.util.Random.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.SplittableRandom")
                .orShould().dependOnClassesThat().resideInAPackage("java.util.random..")
                .orShould().callMethodWhere(call("call Math.random", access ->
                        (owner(access).equals("java.lang.Math") || owner(access).equals("java.lang.StrictMath"))
                                && access.getName().equals("random")))
                .because("every random choice comes from a named RandomStream of the run's seed");
    }

    static ArchRule noThreads(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().belongToAnyOf(ThreadLocal.class, java.util.Timer.class, java.util.TimerTask.class)
                .orShould().dependOnClassesThat(DescribedPredicate.describe("are in java.util.concurrent (except TimeUnit)",
                        (JavaClass c) -> c.getPackageName().startsWith("java.util.concurrent")
                                && !c.getName().equals("java.util.concurrent.TimeUnit")))
                .because("a run is one thread; concurrency is simulated as events");
    }

    static ArchRule noIdentityHash(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().callMethod(System.class, "identityHashCode", Object.class)
                .because("identity hashes differ from run to run");
    }

    static ArchRule noRealIo(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat(DescribedPredicate.describe("are java.io file or stream I/O",
                        (JavaClass c) -> c.getPackageName().equals("java.io") && !IO_MEMORY_ONLY.contains(c.getName())))
                .orShould().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.nio.channels..", "java.net..")
                .orShould().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class, Runtime.class)
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().accessField(System.class, "in")
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .because("the world is simulated: disk through Context.disk(), network through Context.send");
    }

    static ArchRule noTranscendentalMath(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().callMethodWhere(call("call a java.lang.Math transcendental function", access ->
                        owner(access).equals("java.lang.Math") && TRANSCENDENTAL.contains(access.getName())))
                .because("Math.log/exp/pow/sin may be JIT intrinsics whose last bit differs from the interpreter; "
                        + "StrictMath is the same everywhere");
    }

    static ArchRule noHashOrder(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .and(DescribedPredicate.not(DescribedPredicate.describe("are (nested in a class) annotated @HashIterationSafe",
                        DeterminismRules::markedHashIterationSafe)))
                .should().callConstructorWhere(call("create a hash-ordered collection",
                        access -> HASH_COLLECTIONS.contains(owner(access))))
                .orShould().callMethodWhere(call("create a hash-ordered collection",
                        access -> HASH_COLLECTIONS.contains(owner(access)) && access.getName().startsWith("new")
                                || (owner(access).equals("java.util.Set") || owner(access).equals("java.util.Map"))
                                && SALTED_FACTORIES.contains(access.getName())
                                || owner(access).equals("java.util.stream.Collectors") && HASH_COLLECTORS.contains(access.getName())))
                .because("hash order of enum/record/Object keys differs between JVMs and runs "
                        + "(use TreeMap, LinkedHashMap, EnumMap, or annotate @HashIterationSafe with the reason)");
    }

    private static boolean markedHashIterationSafe(JavaClass type) {
        Optional<JavaClass> current = Optional.of(type);
        while (current.isPresent()) {
            if (current.get().isAnnotatedWith(HashIterationSafe.class)) {
                return true;
            }
            current = current.get().getEnclosingClass();
        }
        return false;
    }

    private static String owner(JavaAccess<?> access) {
        return access.getTargetOwner().getName();
    }

    private static <T extends JavaCodeUnitAccess<?>> DescribedPredicate<T> call(String description,
                                                                             java.util.function.Predicate<T> test) {
        return DescribedPredicate.describe(description, test);
    }
}
